/** What an embed loads after its first paint: the engine's core and the views' model (no parser, no assembler). */
export * from "./engine-core";
export * from "./model";
