// Loopback stand-in for Botpress Cloud, for throughput only: node:http on 127.0.0.1:0,
// keep-alive, canned JSON for both get-or-create paths. Run with child_process.fork(); it
// talks to its parent over IPC (never over HTTP, so control traffic stays off the sockets):
//   -> { port }                                         once listening
//   <- { id, cmd: "record", on }  -> { id }             start/stop keeping requests
//   <- { id, cmd: "requests" }    -> { id, requests }   the kept requests, then forgets them
//   <- { id, cmd: "stats" }       -> { id, connections, requests, cpu }  counters and cpuUsage
import http from "node:http";
import { CONVERSATION_PATH, MESSAGE_PATH, conversationResponseText, messageResponseText, textBody } from "./common.mjs";

const canned = new Map([
  [MESSAGE_PATH, Buffer.from(messageResponseText(textBody))],
  [CONVERSATION_PATH, Buffer.from(conversationResponseText)],
]);
const notFound = Buffer.from('{"id":"err_bench","code":404,"type":"ResourceNotFound","message":"no such path"}');

let recording = null;
let connections = 0;
let requests = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    requests++;
    if (recording) {
      recording.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    }
    const body = req.method === "POST" ? canned.get(req.url) : undefined;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json", "content-length": (body ?? notFound).length });
    res.end(body ?? notFound);
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.on("connection", () => connections++);

server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));

process.on("message", (m) => {
  if (m.cmd === "record") {
    recording = m.on ? [] : null;
    process.send({ id: m.id });
  } else if (m.cmd === "requests") {
    const out = recording ?? [];
    recording = m.keep ? [] : null;
    process.send({ id: m.id, requests: out });
  } else if (m.cmd === "stats") {
    process.send({ id: m.id, connections, requests, cpu: process.cpuUsage() });
  }
});
process.on("disconnect", () => process.exit(0));
