#!/usr/bin/env node
'use strict';
/** npm run kafka:start | kafka:stop — the platform's own broker (data in .kafka/platform, kept across restarts). */
const path = require('node:path');
const { startBroker, stopBroker, ROOT } = require('./lib/kafka-broker');

const dir = path.join(ROOT, '.kafka', 'platform');
const port = Number(process.env.KAFKA_PORT ?? 9092);
const controllerPort = Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093);

async function main(command) {
  if (command === 'start') {
    const b = await startBroker({ dir, port, controllerPort });
    console.log(
      b.reused
        ? `kafka: a broker already listens on 127.0.0.1:${port}; reusing it`
        : `kafka: ready on 127.0.0.1:${port} after ${b.startupMs} ms (data in ${dir})`,
    );
  } else if (command === 'stop') {
    console.log((await stopBroker({ dir })) ? 'kafka: stopped' : 'kafka: no broker started by this project is running');
  } else {
    console.error('usage: node scripts/kafka.js start|stop');
    process.exitCode = 2;
  }
}
main(process.argv[2]).catch((e) => {
  console.error(e.message);
  process.exitCode = 1;
});
