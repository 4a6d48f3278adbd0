// Runs the e2e suite's OpenID provider on its own, for the Rust integration tests:
//   node oidc/serve.mjs PORT BRYGGAN_ADDRESS
// and prints "listening" once it answers.
import { startProvider } from './provider.mjs';

const [port, bryggan] = process.argv.slice(2);
await startProvider(Number(port), bryggan);
console.log('listening');
