/** Everything the island loads after its first paint, in one chunk: the engine adapter, views' model, links. */
export * from "./codec";
export * from "./engine";
export * from "./model";
