import { startOfflineModel } from "../../src/offline-model/index.js";
import { answerCpuQueries } from "../support/cpu-report.js";

/** Bench child: the offline model on a random port; prints its base URL. */
const model = await startOfflineModel({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: model.url })}\n`);
answerCpuQueries();
