// Errors of the audit library that a person can act on. The CLI turns them into exit codes; the library never prints.

/** A bad value given by the user (a date that does not parse, a routing version that is not hex): exit 2. */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditInputError";
  }
}
