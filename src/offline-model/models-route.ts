import type { IncomingMessage, ServerResponse } from "node:http";
import { OFFLINE_MODEL_ID } from "./completion.js";
import { sendJson } from "./http-io.js";

/** The moment the offline model "was created"; fixed so the list is the same on every call. */
const OFFLINE_MODEL_CREATED = 1_735_689_600;

/** GET /v1/models: the one model this server offers. */
export function handleListModels(_request: IncomingMessage, response: ServerResponse): void {
  sendJson(response, 200, {
    object: "list",
    data: [
      {
        id: OFFLINE_MODEL_ID,
        object: "model",
        created: OFFLINE_MODEL_CREATED,
        owned_by: "aws-openai-offline",
      },
    ],
  });
}
