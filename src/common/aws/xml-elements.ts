/**
 * Just enough XML for the answers of the AWS APIs called here: elements, their text, character
 * references and CDATA. No DTD (so no custom entities to expand) and no attributes are read, as
 * none of those answers needs them. Malformed input is refused, never half read.
 */

export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
}

/** An element closing: its name, the names of the elements around it, and its text if it has no child elements. */
export interface XmlElement {
  name: string;
  /** Outermost first, excluding the element itself. */
  parents: readonly string[];
  text: string | undefined;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)(?:\s[^<>]*?)?(\/?)>|([^<]+)/y;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function codePoint(digits: string, radix: number): string {
  const value = Number.parseInt(digits, radix);
  if (value === 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
    throw new XmlSyntaxError(`invalid character reference &#${radix === 16 ? "x" : ""}${digits};`);
  return String.fromCodePoint(value);
}

/** Character data as the document means it: line ends normalised to \n, then references replaced. */
function decodeText(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").replace(/&([^;&]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(";")) throw new XmlSyntaxError("an & that starts no reference");
    const named = NAMED[body];
    if (named !== undefined) return named;
    const decimal = /^#([0-9]+)$/.exec(body);
    if (decimal?.[1]) return codePoint(decimal[1], 10);
    const hex = /^#x([0-9A-Fa-f]+)$/.exec(body);
    if (hex?.[1]) return codePoint(hex[1], 16);
    throw new XmlSyntaxError(`unknown entity &${body};`);
  });
}

/** Calls `visit` as each element closes, in document order; throws XmlSyntaxError on malformed XML. */
export function walkXml(xml: string, visit: (element: XmlElement) => void): void {
  const open: { name: string; text: string; hasChildren: boolean }[] = [];
  let seenRoot = false;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(xml);
    if (!match) throw new XmlSyntaxError(`unexpected markup at offset ${at}`);
    const [, cdata, closing, name, selfClosing, text] = match;
    const current = open.at(-1);
    if (text !== undefined || cdata !== undefined) {
      const content = cdata ?? decodeText(text ?? "");
      if (current) current.text += content;
      else if (content.trim()) throw new XmlSyntaxError("text outside the root element");
      continue;
    }
    // Comments and processing instructions (the XML declaration) carry nothing read here.
    if (name === undefined) continue;
    if (closing) {
      if (current?.name !== name)
        throw new XmlSyntaxError(`</${name}> closes ${current ? `<${current.name}>` : "nothing"}`);
      open.pop();
      visit({ name, parents: open.map((e) => e.name), text: current.hasChildren ? undefined : current.text });
      continue;
    }
    if (!current && seenRoot) throw new XmlSyntaxError("a second root element");
    seenRoot = true;
    if (current) current.hasChildren = true;
    if (selfClosing) visit({ name, parents: open.map((e) => e.name), text: "" });
    else open.push({ name, text: "", hasChildren: false });
  }
  if (open.length > 0) throw new XmlSyntaxError(`<${open.at(-1)?.name}> is never closed`);
  if (!seenRoot) throw new XmlSyntaxError("no element");
}
