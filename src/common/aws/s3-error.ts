import { describeUnreadableBody, isServerSideStatus } from "./error-body.js";
import { AttemptFailure, type AwsResponse } from "./signed-request.js";
import { walkXml } from "./xml-elements.js";

/** Codes S3 gives with a 4xx that another attempt may not meet. */
const TRANSIENT_CODES = new Set(["RequestTimeout", "SlowDown"]);

function errorFields(xml: string): { code?: string | undefined; message?: string | undefined } | undefined {
  const fields: { code?: string | undefined; message?: string | undefined } = {};
  let root: string | undefined;
  try {
    walkXml(xml, ({ name, parents, text }) => {
      if (parents.length === 0) root = name;
      else if (parents.length === 1 && name === "Code") fields.code = text;
      else if (parents.length === 1 && name === "Message") fields.message = text;
    });
  } catch {
    return undefined;
  }
  return root === "Error" ? fields : undefined;
}

/** An S3 XML error, or whatever a proxy on the way answered instead (HEAD answers have no body at all). */
export function s3ErrorFrom({ status, text }: AwsResponse): AttemptFailure {
  const serverSide = isServerSideStatus(status);
  const fields = errorFields(text);
  if (!fields)
    return new AttemptFailure(`HTTP ${status} with ${describeUnreadableBody(text, "XML")}`, serverSide);
  const code = fields.code ?? "error";
  return new AttemptFailure(
    `${code} (HTTP ${status}): ${fields.message ?? "no message"}`,
    serverSide || TRANSIENT_CODES.has(code),
  );
}
