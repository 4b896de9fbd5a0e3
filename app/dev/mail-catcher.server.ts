// A loopback SMTP server (smtp-server) that keeps what it receives: the demo's and the tests' mail
// server. Nothing leaves the machine. It can be told to refuse recipients (a bounce at RCPT TO, as
// a real server answers for an unknown mailbox) to exercise retries.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  from: string | null;
  to: string[];
  /** The message as received (RFC 5322, CRLF line ends). */
  raw: string;
  receivedAt: Date;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  messages: CaughtMail[];
  /** Addresses refused with a 550 at RCPT TO until removed. */
  refuse: Set<string>;
  close(): Promise<void>;
}

export async function startMailCatcher(
  options: { host?: string; port?: number; saveTo?: string } = {},
): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const messages: CaughtMail[] = [];
  const refuse = new Set<string>();
  if (options.saveTo) mkdirSync(options.saveTo, { recursive: true });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), {
          responseCode: 550,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const mail: CaughtMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          receivedAt: new Date(),
        };
        messages.push(mail);
        if (options.saveTo) {
          writeFileSync(
            path.join(options.saveTo, `${mail.receivedAt.toISOString().replace(/[:.]/g, "-")}-${messages.length}.eml`),
            mail.raw,
          );
        }
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `smtp://${host}:${port}`,
    messages,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
