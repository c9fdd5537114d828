// Command-line step of the set-up: build the sandbox image now, through the same code the service uses.
import pino from 'pino';
import { loadConfig } from '../config.js';
import { DockerodeClient } from '../docker/dockerodeClient.js';
import { ensureSandboxImage } from './sandboxImage.js';

const config = loadConfig();
const log = pino({ level: 'warn' });
const r = await ensureSandboxImage(new DockerodeClient(), { image: config.image.name, baseImage: config.image.baseImage, log });
process.stdout.write(`${r.image}: ${r.built ? 'built' : 'up to date'} (base ${r.baseImage}, context ${r.hash})\n`);
