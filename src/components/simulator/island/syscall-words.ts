/**
 * The words of the syscall table (what each error means), loaded the first time an error is shown: an
 * embed whose programs never fail never loads them. Until they arrive an error shows its name and value.
 */
import type { SyscallDocs } from "../../../sim/abi/syscall-docs";

let words: Readonly<Record<string, SyscallDocs>> | null = null;
let requested = false;

/** The meaning of a syscall's error, or undefined while the words load (`onLoad` runs when they are in). */
export function errorMeaning(syscall: string, error: string, onLoad: () => void): string | undefined {
  if (words) return words[syscall]?.errors[error];
  if (!requested) {
    requested = true;
    void import("../../../sim/abi/syscall-docs").then((m) => {
      words = m.SYSCALL_DOCS;
      onLoad();
    });
  }
  return undefined;
}
