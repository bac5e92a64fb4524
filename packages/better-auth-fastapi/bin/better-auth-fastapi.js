#!/usr/bin/env node
// The bin: the CLI is built into dist/ at install time (the prepare script) and at pack time.
import "../dist/cli/index.js";
