#!/usr/bin/env node
// Exit as soon as the command is done: a handle a hostile target keeps open (a socket, a timer) must not
// keep the process alive. stdout and stderr are synchronous for files and pipes on Linux.
import { main } from './main.js';

process.exit(await main(process.argv.slice(2)));
