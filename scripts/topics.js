#!/usr/bin/env node
'use strict';
/** npm run topics — creates every Paspoort topic with its settings (idempotent). Uses the built messaging lib. */
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..');
const lib = path.join(ROOT, 'dist', 'apps', 'issuer', 'libs', 'messaging', 'src');
if (!fs.existsSync(`${lib}/index.js`)) {
  console.error('topics: build first (npm run build)');
  process.exit(1);
}
const { ensureTopics } = require(lib);
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const prefix = process.env.PASPOORT_TOPIC_PREFIX ?? '';
const partitions = Number(process.env.PASPOORT_TOPIC_PARTITIONS ?? 1);
const kafka = new Kafka({ clientId: 'paspoort-topics', brokers, logLevel: logLevel.WARN });
ensureTopics(kafka, prefix, partitions)
  .then((created) => console.log(`topics: ${created.length} created, the rest already existed`))
  .catch((e) => {
    console.error(`topics: ${e.message}`);
    process.exit(1);
  });
