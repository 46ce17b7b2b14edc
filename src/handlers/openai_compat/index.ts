import { type ServicesFactory, servicesOnce } from "../../adapters/lambda/services-once.js";
import { openAICompatDoor } from "./door.js";
import { type OpenAICompatServices, openAICompatServices } from "./services.js";

/**
 * The Lambda entry of `/v1/chat/completions` and `/v1/models`, in response-streaming mode behind API
 * Gateway's STREAM integration: answered whole as JSON, or as OpenAI's chunk events with `stream: true`.
 */
export function openAICompatHandler(services: ServicesFactory<OpenAICompatServices>) {
  return awslambda.streamifyResponse(openAICompatDoor(services));
}

export const handler = openAICompatHandler(servicesOnce(openAICompatServices));
