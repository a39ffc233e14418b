// The protocol tests' LSP client lives in test/fixtures/lspClient.ts, shared with the bench.
export * from '../fixtures/lspClient';
