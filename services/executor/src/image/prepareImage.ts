// Command-line step of the set-up: build the sandbox image now, through the same code the service uses.
import Docker from 'dockerode';
import pino from 'pino';
import { loadConfig } from '../config.js';
import { ensureSandboxImage } from './sandboxImage.js';

const config = loadConfig();
const log = pino({ level: 'warn' });
const r = await ensureSandboxImage(new Docker(), { image: config.image.name, baseImage: config.image.baseImage, log });
process.stdout.write(`${r.image}: ${r.built ? 'built' : 'up to date'} (base ${r.baseImage}, context ${r.hash})\n`);
