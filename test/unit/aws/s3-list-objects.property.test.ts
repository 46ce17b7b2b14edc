import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ListObjectsAnswerError,
  type ListObjectsPage,
  parseListObjectsV2,
} from "../../../src/common/aws/s3-list-objects.js";
import { XmlSyntaxError } from "../../../src/common/aws/xml-elements.js";

/**
 * ListObjectsV2 answers written the many ways an S3-compatible server may write the same content
 * (entities or character references, CDATA, indentation, comments, elements the parser skips, any
 * child order) must all read back as that content.
 */

/** Code points XML 1.0 can carry at all (as text or as a reference): no NUL, no lone surrogates. */
const xmlChar = fc
  .integer({ min: 1, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));
const xmlString = fc.array(xmlChar, { maxLength: 24 }).map((chars) => chars.join(""));

/** Must be a reference: markup, \r (a literal one would be read as \n) and characters XML forbids literally. */
const mustEscape = (c: string) => {
  const code = c.codePointAt(0) ?? 0;
  return (
    c === "&" ||
    c === "<" ||
    c === "\r" ||
    (code < 0x20 && c !== "\t" && c !== "\n") ||
    code === 0xfffe ||
    code === 0xffff
  );
};
const NAMED: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

type Style = "literal" | "named" | "decimal" | "hex";
const styles = fc.array(fc.constantFrom<Style>("literal", "named", "decimal", "hex"), {
  minLength: 1,
  maxLength: 8,
});

function escapeText(text: string, choices: Style[], cdata: boolean): string {
  const chars = [...text];
  if (cdata && !text.includes("]]>") && !chars.some(mustEscape)) return `<![CDATA[${text}]]>`;
  return chars
    .map((c, i) => {
      const style = choices[i % choices.length] ?? "literal";
      const code = c.codePointAt(0) ?? 0;
      if (style === "decimal") return `&#${code};`;
      if (style === "hex") return `&#x${code.toString(16)};`;
      const named = NAMED[c];
      if (named && (style === "named" || mustEscape(c))) return named;
      return mustEscape(c) ? `&#x${code.toString(16).toUpperCase()};` : c;
    })
    .join("");
}

interface Layout {
  declaration: boolean;
  indent: string;
  comment: boolean;
  extras: boolean;
  reversed: boolean;
  choices: Style[];
  cdata: boolean;
}

const layout: fc.Arbitrary<Layout> = fc.record({
  declaration: fc.boolean(),
  indent: fc.constantFrom("", "\n", "\n  ", "\r\n\t"),
  comment: fc.boolean(),
  extras: fc.boolean(),
  reversed: fc.boolean(),
  choices: styles,
  cdata: fc.boolean(),
});

const page: fc.Arbitrary<ListObjectsPage> = fc
  .record({
    objects: fc.array(
      fc.record({
        key: xmlString.filter((key) => key.length > 0),
        etag: fc.oneof(
          fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `"${hex}"`),
          xmlString,
        ),
        size: fc.nat(),
      }),
      { maxLength: 6 },
    ),
    token: fc.option(
      xmlString.filter((token) => token.length > 0),
      { nil: undefined },
    ),
  })
  .map(({ objects, token }) => ({ objects, nextContinuationToken: token }));

function serialise({ objects, nextContinuationToken }: ListObjectsPage, style: Layout): string {
  const text = (value: string) => escapeText(value, style.choices, style.cdata);
  const el = (name: string, value: string) => `${style.indent}<${name}>${value}</${name}>`;
  const contents = objects.map(({ key, etag, size }) => {
    const children = [el("Key", text(key)), el("ETag", text(etag)), el("Size", String(size))];
    if (style.extras)
      children.push(
        el("LastModified", "2026-01-01T00:00:00.000Z"),
        `${style.indent}<Owner><ID>abc</ID><DisplayName>${text(key)}</DisplayName></Owner>`,
        `${style.indent}<StorageClass/>`,
      );
    if (style.reversed) children.reverse();
    return `${style.indent}<Contents>${children.join("")}${style.indent}</Contents>`;
  });
  const others = [
    el("Name", "bucket"),
    el("Prefix", text("plugins/")),
    el("IsTruncated", nextContinuationToken ? "true" : "false"),
    ...(nextContinuationToken ? [el("NextContinuationToken", text(nextContinuationToken))] : []),
    ...(style.extras
      ? [`<CommonPrefixes><Prefix>${text("a/")}</Prefix></CommonPrefixes>`, "<Key>not an object</Key>"]
      : []),
  ];
  // The objects keep their order (it is the listing's); the other elements may come anywhere around them.
  const top = style.reversed ? [...contents, ...others.reverse()] : [...others, ...contents];
  return [
    style.declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : "",
    style.comment ? "<!-- listing -->" : "",
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${top.join("")}${style.indent}</ListBucketResult>`,
    style.indent,
  ].join("");
}

const refused = (error: unknown) =>
  error instanceof XmlSyntaxError || error instanceof ListObjectsAnswerError;

describe("the ListObjectsV2 answer parser", () => {
  it("reads back every page however it is written", () => {
    fc.assert(
      fc.property(page, layout, (expected, style) => {
        expect(parseListObjectsV2(serialise(expected, style))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses an answer cut anywhere before its end, never reading it as fewer objects", () => {
    fc.assert(
      fc.property(page, layout, fc.double({ min: 0, max: 1, noNaN: true }), (expected, style, at) => {
        const xml = serialise(expected, style);
        const end = xml.lastIndexOf("</ListBucketResult>") + "</ListBucketResult>".length;
        const cut = xml.slice(0, Math.floor(at * (end - 1)));
        expect(() => parseListObjectsV2(cut)).toThrow();
        try {
          parseListObjectsV2(cut);
        } catch (error) {
          expect(refused(error), String(error)).toBe(true);
        }
      }),
    );
  });

  it("fails on any other text only with its own errors", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }).map((s) => `<ListBucketResult>${s}`),
        ),
        (text) => {
          try {
            parseListObjectsV2(text);
          } catch (error) {
            expect(refused(error), String(error)).toBe(true);
          }
        },
      ),
    );
  });

  it("refuses a Contents without its Size, and a truncated listing without its token", () => {
    expect(() =>
      parseListObjectsV2(
        "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key><ETag>e</ETag></Contents></ListBucketResult>",
      ),
    ).toThrow("a Contents without its Key, ETag and Size");
    expect(() =>
      parseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"),
    ).toThrow("a truncated listing without a NextContinuationToken");
    expect(() => parseListObjectsV2("<!DOCTYPE x [<!ENTITY a 'b'>]><ListBucketResult/>")).toThrow(
      XmlSyntaxError,
    );
  });
});
