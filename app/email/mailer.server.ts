// Sends email through SMTP with nodemailer. The transport comes from SMTP_URL (validated by
// app/env.server.ts), read when sending so the demo and the tests can point it at the loopback
// SMTP server they start; one pooled transport per URL.
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import { env, mailEnv } from "../env.server";

export class MailNotConfiguredError extends Error {
  constructor() {
    super("SMTP_URL is not set: the app has no SMTP server to send email through");
    this.name = "MailNotConfiguredError";
  }
}

export interface OutgoingEmail {
  /** Display name shown as the sender (the shop's name); the address is EMAIL_FROM's. */
  fromName: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** RFC 5322 Message-ID, angle brackets included. */
  messageId: string;
  headers: Record<string, string>;
}

export interface SentEmail {
  messageId: string;
  response: string;
}

type Pool = Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
const transports = new Map<string, Pool>();

function transportFor(url: string): Pool {
  let transport = transports.get(url);
  if (!transport) {
    // Short timeouts: a hung SMTP server fails the attempt and the job queue retries it later.
    transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

/** The sender address: EMAIL_FROM's, or no-reply at the app's host. */
export function senderAddress(): string {
  const configured = mailEnv().EMAIL_FROM;
  if (configured) return /<([^>]+)>/.exec(configured)?.[1] ?? configured;
  return `no-reply@${new URL(env().SHOPIFY_APP_URL).hostname}`;
}

export async function sendEmail(email: OutgoingEmail): Promise<SentEmail> {
  const url = mailEnv().SMTP_URL;
  if (!url) throw new MailNotConfiguredError();
  const info = await transportFor(url).sendMail({
    from: { name: email.fromName, address: senderAddress() },
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    messageId: email.messageId,
    headers: email.headers,
  });
  const rejected = info.rejected ?? [];
  if (rejected.length > 0)
    throw new Error(`SMTP server rejected ${rejected.map(String).join(", ")}: ${info.response ?? ""}`);
  return { messageId: info.messageId, response: info.response ?? "" };
}

/** Closes the pooled connections (tests, shutdown). */
export function closeMailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
