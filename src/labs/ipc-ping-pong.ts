import { CRLF, type Lab } from "./lab";

/** The server, read-only in the lab: answers each request with the number of requests it has served. */
const SERVER = `; The server: receives a request on slot 5 (endpoint 1), counts it, and replies on slot 6 (endpoint 2)
; with the count in data0. Then it waits for the next request.
_start:
  mov r13, 0                    ; requests served
serve:
  mov rax, SYS_RECV
  mov rdi, 5
  syscall                       ; blocks until a client sends; rdi = label, rsi = data0
  cmp rax, 0
  jne serve
  inc r13
  mov rax, SYS_SEND
  mov rdi, 6
  mov rsi, 2                    ; label 2: a reply
  mov rdx, r13                  ; data0: requests served so far
  mov r10, 0
  syscall                       ; blocks until the client receives
  jmp serve
`;

const HEADER = `; Lab 4: IPC ping-pong. You are the client.
; Slot 5: endpoint 1 with WRITE: your requests go to the server here.
; Slot 6: endpoint 2 with READ: the server's replies come back here.
; The server replies to each request with the number of requests it has served, in data0.
include "libmnos"
ROUNDS equ 10
_start:
  mov r12, 0                    ; round trips so far
  mov r13, 0                    ; the count in the server's last reply
round:
`;

const TAIL = `  inc r12
  cmp r12, ROUNDS
  jne round
  mov rdi, SLOT_COM1
  lea rsi, [said]
  call puts
  mov rdi, SLOT_COM1
  mov rsi, r13
  call print_dec
  mov rdi, SLOT_COM1
  lea rsi, [trips]
  call puts
  mov rax, SYS_EXIT
  mov rdi, 0
  syscall
said: db "[client] the server counted ", 0
trips: db " round trips${CRLF}", 0
`;

const roundTrip = (recvSlot: string) => `  mov rax, SYS_SEND
  mov rdi, 5
  mov rsi, 1                    ; label 1: a request
  mov rdx, r12                  ; data0: which round
  mov r10, 0
  syscall                       ; blocks until the server receives
  mov rax, SYS_RECV
  mov rdi, ${recvSlot}
  syscall                       ; blocks until the server replies; rsi = data0
  mov r13, rsi
`;

const COM1 = { slot: 2, cap: { kind: "IoPort" as const, base: 0x3f8, size: 8 }, rights: "ALL" as const };

export const ipcPingPong: Lab = {
  id: "ipc-ping-pong",
  sprints: ["5"],
  title: "IPC ping-pong",
  summary:
    "A client and a server exchange ten requests and replies over two endpoints; the server counts them.",
  edit: "client",
  scenario: {
    version: 1,
    id: "lab-ipc-ping-pong",
    title: "Lab 4: IPC ping-pong",
    profile: "design",
    machine: { cores: 1, quantumCycles: 10_000, memoryMiB: 64, virtio: false, bootLog: false },
    programs: {
      client: {
        source: `${HEADER}  ; TODO: one round trip. SYS_SEND a request on slot 5, then SYS_RECV the reply on slot 6 and keep
  ; its data0 (rsi) in r13.

${TAIL}`,
      },
      server: { source: SERVER },
    },
    processes: [
      {
        name: "server",
        program: "server",
        caps: [
          { slot: 5, cap: { kind: "Endpoint", id: 1 }, rights: ["READ"] },
          { slot: 6, cap: { kind: "Endpoint", id: 2 }, rights: ["WRITE"] },
        ],
      },
      {
        name: "client",
        program: "client",
        caps: [
          COM1,
          { slot: 5, cap: { kind: "Endpoint", id: 1 }, rights: ["WRITE"] },
          { slot: 6, cap: { kind: "Endpoint", id: 2 }, rights: ["READ"] },
        ],
      },
    ],
    goals: [
      {
        description: "Your request reaches the server: SYS_SEND on slot 5 works",
        check: { syscall: "SEND", result: "ok", process: "client" },
      },
      {
        description: "The server's reply reaches you: SYS_RECV on slot 6 works",
        check: { syscall: "RECV", result: "ok", process: "client" },
      },
      {
        description: "Ten round trips: the server's last reply says 10",
        check: { output: "the server counted 10 round trips" },
      },
      { description: "The client exits", check: { process: "client", state: "exited" } },
      {
        description: "The server is back waiting for a request",
        check: { thread: "server", state: "BlockedRecv" },
        after: 4,
      },
    ],
  },
  hints: [
    "SYS_SEND takes the slot in rdi, a label in rsi and two data words in rdx and r10. SYS_RECV takes the slot in rdi and returns the label in rdi and the data words in rsi, rdx and r10.",
    "Your slot 5 has WRITE only and slot 6 READ only: you send on one endpoint and receive on the other.",
    "After SYS_RECV, `mov r13, rsi` keeps the server's count for the line the program prints.",
  ],
  solution: `${HEADER}${roundTrip("6")}${TAIL}`,
  wrong: {
    // Waits for the reply on the endpoint it sent on: slot 5 has no READ, so RECV fails at once, the
    // server blocks sending a reply nobody takes, and the client's next request blocks too.
    source: `${HEADER}${roundTrip("5")}${TAIL}`,
    unmet: [2, 3, 4, 5],
  },
};
