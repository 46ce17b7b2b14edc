export { OFFLINE_MODEL_ID } from "./completion.js";
export { type OfflineModel, type OfflineModelOptions, startOfflineModel } from "./server.js";
