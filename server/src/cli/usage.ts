/** A mistake in how `roadmap` was called (or in what it was pointed at): one line on stderr, exit code 2. */
export class UsageError extends Error {}
