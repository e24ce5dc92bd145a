// Errors of the audit library that a person can act on. The CLI turns them into exit codes; the library never prints.
import { EXIT, UserError } from "../errors";

/** A bad value given by the user (a date that does not parse, a routing version that is not hex): exit 2. */
export class AuditInputError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}
