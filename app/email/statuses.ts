// EmailSend statuses, for the outbox model and the admin page (client code may import this).
export const EMAIL_STATUSES = ["SCHEDULED", "SENDING", "SENT", "SKIPPED", "FAILED"] as const;
export type EmailStatusName = (typeof EMAIL_STATUSES)[number];
