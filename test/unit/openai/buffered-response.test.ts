import { describe, expect, it } from "vitest";
import { BufferedResponse } from "../../../src/common/openai/buffered-response.js";

const payload = '{"id":"chatcmpl-1","note":"é"}';
const response = () =>
  new BufferedResponse(Buffer.from(payload), {
    status: 200,
    headers: [["content-type", "application/json"]],
  });

async function readAll(stream: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!stream) throw new Error("no body");
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>)
    text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

describe("a buffered response", () => {
  it("reads as text, JSON, bytes and an ArrayBuffer", async () => {
    expect(await response().text()).toBe(payload);
    expect(await response().json()).toEqual({ id: "chatcmpl-1", note: "é" });
    expect(Buffer.from(await response().bytes()).toString("utf8")).toBe(payload);
    expect(Buffer.from(await response().arrayBuffer()).toString("utf8")).toBe(payload);
  });

  it("reads as a Blob and as a stream, like any fetch response", async () => {
    expect(await (await response().blob()).text()).toBe(payload);
    expect(await readAll(response().body)).toBe(payload);
  });

  it("can be read once", async () => {
    const once = response();
    expect(once.bodyUsed).toBe(false);
    await once.text();
    expect(once.bodyUsed).toBe(true);
    await expect(once.json()).rejects.toThrow(TypeError);
    expect(() => once.clone()).toThrow(TypeError);
  });

  it("counts a body read through its stream as read", async () => {
    const streamed = response();
    await readAll(streamed.body);
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.text()).rejects.toThrow(TypeError);
  });

  it("clones into an independent response with the same status, headers and body", async () => {
    const original = response();
    const copy = original.clone();
    expect(copy.status).toBe(200);
    expect(copy.headers.get("content-type")).toBe("application/json");
    expect(await copy.text()).toBe(payload);
    expect(await original.text()).toBe(payload);
  });
});
