/** What the island loads after its first paint, in one chunk: the engine adapter and the views' model. */
export * from "./engine";
export * from "./model";
