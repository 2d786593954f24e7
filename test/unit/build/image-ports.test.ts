import { describe, expect, it } from 'vitest';
import {
  exposedPortOf,
  firstExposedPort,
  fromImages,
  pullFailureMessage,
  standInsFor,
} from '../../../lib/build/image-ports.js';

describe('firstExposedPort', () => {
  it('takes the first TCP port of the first EXPOSE line', () => {
    expect(firstExposedPort('FROM x\nEXPOSE 8080\nEXPOSE 9090\n')).toBe(8080);
    expect(firstExposedPort('FROM x\nexpose 53/udp 3000/tcp\n')).toBe(3000);
    expect(firstExposedPort('FROM x\n# EXPOSE 1\nRUN true \\\n  && true\n')).toBeUndefined();
    expect(firstExposedPort('FROM x\nEXPOSE $PORT\n')).toBeUndefined();
  });
});

describe('exposedPortOf', () => {
  it('takes the lowest TCP port of an image config', () => {
    expect(exposedPortOf({ '25565/tcp': {}, '19132/udp': {}, '8080/tcp': {} })).toBe(8080);
    expect(exposedPortOf({ '53/udp': {} })).toBeUndefined();
    expect(exposedPortOf(null)).toBeUndefined();
  });
});

describe('FROM lines and stand-ins', () => {
  it('lists the images a Dockerfile starts from, not its stages or scratch', () => {
    expect(
      fromImages(
        'FROM python:3.12-slim AS base\nFROM base\nFROM --platform=linux/amd64 node:20 as web\nFROM scratch\n',
      ),
    ).toEqual(['python:3.12-slim', 'node:20']);
  });
  it('names local images of the same name, else the paas base images', () => {
    const local = [
      'paas/busybox:latest',
      'paas/debian:bookworm',
      'paas/node:20',
      'paas/python:3.11',
      'paas/python:3.13',
    ];
    expect(standInsFor('python:3.12-slim', local)).toEqual(['paas/python:3.11', 'paas/python:3.13']);
    expect(standInsFor('docker.io/library/node:18@sha256:abc', local)).toEqual(['paas/node:20']);
    expect(standInsFor('nginx:alpine', local)).toEqual(['paas/busybox:latest', 'paas/debian:bookworm']);
  });
  it('the message names the image, the stand-ins and the registry mirror setting', () => {
    expect(pullFailureMessage('python:3.12-slim', 'no route', ['paas/python:3.11'], 'FROM in Dockerfile')).toBe(
      'Image python:3.12-slim is not on this host and could not be pulled (FROM in Dockerfile): no route. ' +
        'Images on this host that could stand in: paas/python:3.11 (the python builder makes paas/python:3.11 and :3.13 on first use). ' +
        'Or give docker a registry mirror it can reach ("registry-mirrors" in /etc/docker/daemon.json, then restart dockerd)',
    );
  });
});
