#!/usr/bin/env node
// Creates a Flexiffusion search on a controller and watches it to the end, using only the
// published contract (protos/flexiffusion/controller/v1/controller.proto, service SearchService) and @grpc/grpc-js.
//
//   node search.js --controller 127.0.0.1:5100 [--steps 100] [--images 256] [--batch-size 64]
//                  [--speedup 3] [--generations 10] [--population 50] [--parents 10]
//                  [--mutations 25] [--crossovers 25] [--segments 5,10,20] [--seed 0]
//                  [--noise-seed 0] [--model NAME] [--objective single|pareto] [--search-id ID]
//                  [--token-file FILE] [--ca-cert FILE]
//
// A controller that requires a bearer token gets it from --token-file (first non-comment line) or the
// FLEXIFFUSION_TOKEN environment variable, sent as `authorization: Bearer …` metadata on every call; with
// --ca-cert the connection is TLS, trusting that PEM CA (the controller serves TLS with Endpoints:Certificate).
//
// Prints one line per event and, last, the result as one JSON line. Exit codes: 0 completed,
// 1 failed or cancelled, 2 bad input (the controller's INVALID_ARGUMENT message, which starts with the field's path, is
// printed) or a refused token (UNAUTHENTICATED).
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`expected --option value pairs, got '${key}'`);
    }
    options[key.slice(2)] = argv[i + 1];
  }
  return options;
}

function number(options, name, fallback) {
  if (options[name] === undefined) return fallback;
  const value = Number(options[name]);
  if (!Number.isFinite(value)) throw new Error(`--${name}: '${options[name]}' is not a number`);
  return value;
}

function channelCredentials(options) {
  if (options['ca-cert'] === undefined) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(fs.readFileSync(options['ca-cert']));
}

function callMetadata(options) {
  const metadata = new grpc.Metadata();
  let token = process.env.FLEXIFFUSION_TOKEN;
  if (options['token-file'] !== undefined) {
    token = fs.readFileSync(options['token-file'], 'utf8').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  }
  if (token) metadata.add('authorization', `Bearer ${token}`);
  return metadata;
}

function loadController(address, credentials) {
  const protos = path.resolve(__dirname, '..', '..', 'protos');
  const definition = protoLoader.loadSync(path.join(protos, 'flexiffusion/controller/v1/controller.proto'), {
    includeDirs: [protos],
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition).flexiffusion.controller.v1;
  return new pkg.SearchService(address, credentials);
}

function describe(candidate) {
  if (!candidate || !candidate.candidate) return '-';
  return `${candidate.candidate} (rFID ${candidate.rfid.toFixed(4)}, ${candidate.macSpeedup.toFixed(2)}x)`;
}

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`search.js: ${error.message}`);
    process.exit(2);
  }
  let client;
  let metadata;
  try {
    client = loadController(options.controller || '127.0.0.1:5100', channelCredentials(options));
    metadata = callMetadata(options);
  } catch (error) {
    console.error(`search.js: ${error.message}`);
    process.exit(2);
  }
  const objectives = { single: 'OBJECTIVE_SINGLE', pareto: 'OBJECTIVE_PARETO' };
  if (options.objective !== undefined && !objectives[options.objective]) {
    console.error(`search.js: --objective: '${options.objective}' is not single or pareto`);
    process.exit(2);
  }
  const spec = {
    space: {
      segmentCounts: options.segments ? options.segments.split(',').map(Number) : [],
    },
    budget: { minMacSpeedup: number(options, 'speedup', 3) },
    evolution: {
      populationSize: number(options, 'population', 0),
      parentCount: number(options, 'parents', 0),
      generations: number(options, 'generations', 0),
      objective: objectives[options.objective || 'single'],
    },
    evaluation: {
      model: options.model || '',
      teacherSteps: number(options, 'steps', 0),
      images: number(options, 'images', 0),
      batchSize: number(options, 'batch-size', 0),
      noiseSeed: String(number(options, 'noise-seed', 0)),
    },
    seed: String(number(options, 'seed', 0)),
  };
  if (options.mutations !== undefined) spec.evolution.mutationChildren = number(options, 'mutations', 25);
  if (options.crossovers !== undefined) spec.evolution.crossoverChildren = number(options, 'crossovers', 25);
  const deadline = new Date(Date.now() + 30_000);
  client.createSearch({ searchId: options['search-id'] || '', search: { spec } }, metadata, { deadline }, (error, search) => {
    if (error) {
      console.error(`search.js: ${error.details || error.message}`);
      process.exit(error.code === grpc.status.INVALID_ARGUMENT || error.code === grpc.status.UNAUTHENTICATED ? 2 : 1);
    }
    const searchId = search.name.slice('searches/'.length);
    console.log(`started ${searchId} (${search.state})`);
    watch(client, metadata, search.name, searchId);
  });
}

function watch(client, metadata, name, searchId) {
  const call = client.watchSearch({ name }, metadata);
  let result = null;
  let finalState = null;
  let updates = 0;
  call.on('data', (update) => {
    updates += 1;
    switch (update.kind) {
      case 'search':
        finalState = update.search.state;
        console.log(`state ${update.search.state} generations ${update.search.generationsDone}/${update.search.generationsTotal} best ${describe(update.search.best)}`);
        if (update.search.error) console.log(`error ${update.search.error}`);
        break;
      case 'progress':
        console.log(`generation ${update.progress.generation} scored ${update.progress.done}/${update.progress.total}${update.progress.fromCache ? ' (cache)' : ''}`);
        break;
      case 'generation':
        console.log(`generation ${update.generation.generation} finished: best ${describe(update.generation.best)}, front ${update.generation.front.length}`);
        break;
      case 'result':
        result = update.result;
        break;
      default:
        break;
    }
  });
  call.on('error', (error) => {
    console.error(`search.js: watch failed: ${error.details || error.message}`);
    process.exit(1);
  });
  call.on('end', () => {
    if (result) {
      console.log(JSON.stringify({
        searchId,
        updates,
        best: result.best,
        front: result.front.map((c) => c.candidate),
        generations: result.generations,
        evaluations: result.evaluations,
        cacheHits: result.cacheHits,
      }));
      process.exit(0);
    }
    console.error(`search.js: search ${searchId} ended in state ${finalState}`);
    process.exit(1);
  });
}

main();
