import { maskUrlSecretsIn } from "../../common/url-secrets.js";
import { type JsonReply, jsonReply } from "../../core/reply.js";
import type { CoreServices } from "../../services/core.js";
import { awsSections, runSection, type SectionResult } from "./aws-sections.js";

function runtimeSection(functionName: string | undefined) {
  return {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    lambda_function: functionName ?? null,
    lambda_memory_mb: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? null,
    uptime_s: Math.round(process.uptime()),
  };
}

/**
 * Diagnostics: the effective settings (secrets masked by their type) with where each came from, and
 * the AWS resources of this deployment. Outside Lambda the AWS sections say so instead of calling AWS.
 */
export async function answerInfo(_request: unknown, services: CoreServices): Promise<JsonReply> {
  const { settings, origins } = services;
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
  const resources: Record<string, SectionResult> = {};
  const sections = Object.entries(awsSections(settings));
  if (functionName || settings.INFO_QUERY_AWS) {
    const results = await Promise.all(sections.map(([, read]) => runSection(read)));
    sections.forEach(([name], i) => {
      resources[name] = results[i] ?? { status: "error", error: "missing result" };
    });
  } else {
    for (const [name] of sections)
      resources[name] = { status: "error", error: "not deployed: running outside AWS Lambda" };
  }
  return jsonReply(200, {
    settings: maskUrlSecretsIn(JSON.parse(JSON.stringify(settings))),
    setting_sources: origins,
    runtime: runtimeSection(functionName ?? `${settings.SHARED_RESOURCE_IDENTIFIER}-info`),
    aws: resources,
  });
}
