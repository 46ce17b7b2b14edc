import { afterEach, describe, expect, it } from "vitest";
import { type RunningService, startTestService } from "../support/local-service.js";
import { emptyDir } from "../support/settings.js";

interface TurnBody {
  role: string;
  content: string;
}

interface CompletionBody {
  object: string;
  request_meta_data: { lambda: string; app?: string; conversation_id?: string };
  usage: { total_tokens: number };
  choices: { message: { content: string } }[];
}

const running: RunningService[] = [];

async function start(env: Record<string, string> = {}): Promise<RunningService> {
  const service = await startTestService(env);
  running.push(service);
  return service;
}

async function stop(service: RunningService): Promise<void> {
  running.splice(running.indexOf(service), 1);
  await service.stop();
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.stop()));
});

describe("langchain handler in the local server", () => {
  it("answers /langchain and the Marv app through the langchain handler", async () => {
    const service = await start();
    const passthrough = await service.post("/langchain", { input_text: "Hello Marv" });
    expect(passthrough.status).toBe(200);
    const body = (await passthrough.json()) as CompletionBody;
    expect(body.object).toBe("chat.completion");
    expect(body.request_meta_data.lambda).toBe("lambda_langchain");
    expect(body.usage.total_tokens).toBeGreaterThan(0);

    const app = await service.post("/examples/default-marv-sarcastic-chat", { input_text: "What is HTML?" });
    expect(app.status).toBe(200);
    const appBody = (await app.json()) as CompletionBody;
    expect(appBody.request_meta_data).toMatchObject({
      lambda: "lambda_langchain",
      app: "default-marv-sarcastic-chat",
    });
    expect(appBody.choices[0]?.message.content).toContain("What is HTML?");
  });

  it("keeps conversations in the embedded DynamoDB across a restart, and forgets them on DELETE", async () => {
    const dataDir = emptyDir("local-conversations-");
    const first = await start({ DATA_DIR: dataDir });
    expect(first.memory).toContain(dataDir);
    for (const input_text of ["My name is Ada.", "What is my name?"]) {
      const answer = await first.post("/langchain", { conversation_id: "ada-1", input_text });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as CompletionBody).request_meta_data.conversation_id).toBe("ada-1");
    }
    await stop(first);

    const second = await start({ DATA_DIR: dataDir });
    const read = await fetch(`${second.url}/conversations/ada-1`);
    expect(read.status).toBe(200);
    const { turns } = (await read.json()) as { turns: TurnBody[] };
    expect(turns.map((turn) => turn.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(turns[2]?.content).toBe("What is my name?");

    const removed = await fetch(`${second.url}/conversations/ada-1`, { method: "DELETE" });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");
    expect((await fetch(`${second.url}/conversations/ada-1`)).status).toBe(404);
  });

  it("routes only GET and DELETE to /conversations/{id}", async () => {
    const service = await start();
    const posted = await service.post("/conversations/abc", { input_text: "hi" });
    expect(posted.status).toBe(405);
    expect(posted.headers.get("allow")).toContain("DELETE");
    const badId = await fetch(`${service.url}/conversations/${encodeURIComponent("no spaces")}`);
    expect(badId.status).toBe(400);
  });
});
