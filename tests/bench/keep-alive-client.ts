// The load generator's HTTP client: GET over kept-alive loopback sockets, reading only the status line
// and enough headers to find the end of the response (Content-Length or chunked): it shares the cores
// with the server under test, and costs far less CPU per request than node:http (docs/benchmarks.md, d).
import { connect, type Socket } from "node:net";

export class KeepAliveClient {
  private readonly idle: Socket[] = [];
  private readonly all = new Set<Socket>();

  constructor(private readonly url: URL) {}

  /**
   * GET `pathAndQuery`; resolves with the status once the whole response has arrived. A kept-alive
   * connection the server closes just as the request goes out (its keep-alive timeout, 5 s for
   * Node's) gets the request again on a new one, as HTTP clients retry idempotent requests.
   */
  get(pathAndQuery: string, fresh = false): Promise<number> {
    let socket = fresh ? undefined : this.idle.pop();
    while (socket && (socket.destroyed || !socket.writable)) socket = this.idle.pop();
    const reused = socket !== undefined;
    socket ??= this.open();
    return new Promise((resolve, reject) => {
      let buffer = "";
      const done = (error?: Error, status?: number) => {
        socket.off("data", onData);
        socket.off("error", onError);
        socket.off("close", onClose);
        if (error) {
          this.all.delete(socket);
          socket.destroy();
          reject(error);
        } else if (status === 0) {
          // Closed before any byte of the response: retried once, on a new connection.
          this.all.delete(socket);
          socket.destroy();
          resolve(this.get(pathAndQuery, true));
        } else {
          this.idle.push(socket);
          resolve(status!);
        }
      };
      const closed = (error: Error) => {
        if (reused && buffer === "") {
          done(undefined, 0);
          return;
        }
        done(error);
      };
      const onError = (error: Error) => closed(error);
      const onClose = () => closed(new Error("connection closed before the response ended"));
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString("latin1"); // one char per byte: lengths below are byte counts
        const headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        const head = buffer.slice(0, headerEnd);
        const length = /\r\ncontent-length: *(\d+)/i.exec(head);
        const complete = length
          ? buffer.length - headerEnd - 4 >= Number(length[1])
          : /\r\ntransfer-encoding: *chunked/i.test(head) && buffer.endsWith("\r\n0\r\n\r\n");
        if (complete) done(undefined, Number(head.slice(9, 12)));
      };
      socket.on("data", onData);
      socket.on("error", onError);
      socket.on("close", onClose);
      socket.write(`GET ${pathAndQuery} HTTP/1.1\r\nHost: ${this.url.host}\r\n\r\n`);
    });
  }

  close(): void {
    for (const socket of this.all) socket.destroy();
    this.all.clear();
    this.idle.length = 0;
  }

  private open(): Socket {
    const socket = connect({ host: this.url.hostname, port: Number(this.url.port), noDelay: true });
    this.all.add(socket);
    // An idle socket the server closes is dropped here; one in use learns it from its request.
    socket.on("close", () => this.all.delete(socket));
    socket.on("error", () => socket.destroy());
    return socket;
  }
}
