import { walkXml } from "./xml-elements.js";

/** What the plugin loader needs of a ListObjectsV2 answer. */
export interface ListedObject {
  key: string;
  /** As S3 gives it, quotes included. */
  etag: string;
  size: number;
}

export interface ListObjectsPage {
  objects: ListedObject[];
  /** Set when the listing goes on: the token of the next page. */
  nextContinuationToken: string | undefined;
}

export class ListObjectsAnswerError extends Error {
  override readonly name = "ListObjectsAnswerError";
}

const ROOT = "ListBucketResult";

function sizeOf(text: string): number {
  if (!/^[0-9]+$/.test(text.trim()))
    throw new ListObjectsAnswerError(`Size ${JSON.stringify(text)} is not a size`);
  return Number(text);
}

/**
 * Reads Key, ETag and Size of each Contents, IsTruncated and NextContinuationToken; every other
 * element (Owner, StorageClass, CommonPrefixes...) is skipped. An answer that is not XML, not a
 * ListBucketResult, or lacks one of those fields is refused rather than read as fewer objects.
 */
export function parseListObjectsV2(xml: string): ListObjectsPage {
  const objects: ListedObject[] = [];
  let object: Partial<ListedObject> = {};
  let root: string | undefined;
  let truncated: string | undefined;
  let token: string | undefined;
  walkXml(xml, ({ name, parents, text }) => {
    const [top, parent] = parents;
    if (parents.length === 0) root = name;
    else if (top !== ROOT) return;
    else if (parents.length === 1 && name === "Contents") {
      const { key, etag, size } = object;
      if (key === undefined || etag === undefined || size === undefined)
        throw new ListObjectsAnswerError("a Contents without its Key, ETag and Size");
      objects.push({ key, etag, size });
      object = {};
    } else if (parents.length === 2 && parent === "Contents" && text !== undefined) {
      if (name === "Key") object.key = text;
      else if (name === "ETag") object.etag = text;
      else if (name === "Size") object.size = sizeOf(text);
    } else if (parents.length === 1 && name === "IsTruncated") truncated = text?.trim();
    else if (parents.length === 1 && name === "NextContinuationToken") token = text;
  });
  if (root !== ROOT) throw new ListObjectsAnswerError(`the root element is ${root}, not ${ROOT}`);
  if (truncated !== "true" && truncated !== "false")
    throw new ListObjectsAnswerError("IsTruncated is neither true nor false");
  // Stopping there would silently drop the objects of the pages not read.
  if (truncated === "true" && !token)
    throw new ListObjectsAnswerError("a truncated listing without a NextContinuationToken");
  return { objects, nextContinuationToken: truncated === "true" ? token : undefined };
}
