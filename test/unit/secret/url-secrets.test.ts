import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/common/secret.js";
import { maskUrlSecrets, maskUrlSecretsIn, rememberUrlSecrets } from "../../../src/common/url-secrets.js";

describe("maskUrlSecrets", () => {
  it("masks the password in a URL's userinfo and keeps the user and host", () => {
    expect(maskUrlSecrets("http://user:hunter2-pass@models.internal:8080/v1")).toBe(
      "http://user:********@models.internal:8080/v1",
    );
  });

  it("masks query values named like keys or tokens and leaves other parameters alone", () => {
    const masked = maskUrlSecrets("https://h.example/v1?api_key=qs-secret-1&access_token=t0k3n&region=eu");
    expect(masked).not.toContain("qs-secret-1");
    expect(masked).not.toContain("t0k3n");
    expect(masked).toContain("region=eu");
  });

  it("returns URLs without secrets, and text that is not a URL, unchanged", () => {
    expect(maskUrlSecrets("http://127.0.0.1:9/v1")).toBe("http://127.0.0.1:9/v1");
    expect(maskUrlSecrets("gpt-4o-mini")).toBe("gpt-4o-mini");
    expect(maskUrlSecrets("")).toBe("");
  });

  it("never lets a userinfo password through, whatever it is", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{6,30}$/), (password) => {
        expect(maskUrlSecrets(`http://u:${password}@h.example/v1`)).not.toContain(`:${password}@`);
      }),
    );
  });

  it("masks every string value of a settings dump and keeps the rest", () => {
    expect(maskUrlSecretsIn({ OPENAI_BASE_URL: "http://a:b-secret@h/v1", PORT: 3000, LIST: ["x"] })).toEqual({
      OPENAI_BASE_URL: "http://a:********@h/v1",
      PORT: 3000,
      LIST: ["x"],
    });
  });
});

describe("scrubbing of text from elsewhere covers secrets inside URLs", () => {
  it("masks the password and credential query values of any URL quoted in text, however short", () => {
    expect(redactSecrets("GET http://u:pw@h/v1?sig=abc&region=eu failed")).toBe(
      "GET http://u:********@h/v1?sig=********&region=eu failed",
    );
  });

  it("masks a URL setting's password and query secrets wherever they appear once remembered", () => {
    rememberUrlSecrets("http://u:p%40ss-remembered@h/v1?access_token=tok-remembered-9");
    expect(redactSecrets("password p@ss-remembered, token tok-remembered-9")).toBe(
      "password ********, token ********",
    );
  });
});
