import { describe, expect, it } from 'vitest';
import {
  dynoContainerName,
  newContainerName,
  NamedContainer,
  planRenames,
  retiredContainerName,
  upcomingContainerName,
} from '../../../lib/deploy/names.js';
import { dynoOf } from '../../../lib/docker/containers.js';

function c(id: string, name: string, deploy: string, dyno = 'web.1'): NamedContainer {
  const [process, index] = dyno.split('.');
  return { id, name, deploy, process, index: Number(index) };
}

describe('container names', () => {
  it('are Dokku-shaped: APP.PROC.N, temporary and retired names keep the dyno', () => {
    expect(dynoContainerName('shop', 'web', 1)).toBe('shop.web.1');
    expect(upcomingContainerName('shop', 'web', 1, 'd2')).toBe('shop.web.1.upcoming-d2');
    expect(retiredContainerName('shop', 'worker', 3, 'd1')).toBe('shop.worker.3.d1');
  });
  it('a new container takes APP.PROC.N when free, else a temporary name', () => {
    expect(newContainerName('shop', 'web', 1, 'd2', new Set())).toBe('shop.web.1');
    expect(newContainerName('shop', 'web', 1, 'd2', new Set(['shop.web.1']))).toBe('shop.web.1.upcoming-d2');
    // scaled up: the second one is free while the first is held by the old deploy
    expect(newContainerName('shop', 'web', 2, 'd2', new Set(['shop.web.1']))).toBe('shop.web.2');
  });
});

describe('planRenames', () => {
  it('moves the old container away first, then gives the live one its name', () => {
    const list = [c('old', 'shop.web.1', 'd1'), c('new', 'shop.web.1.upcoming-d2', 'd2')];
    expect(planRenames('shop', list, 'd2')).toEqual([
      { id: 'old', from: 'shop.web.1', to: 'shop.web.1.d1' },
      { id: 'new', from: 'shop.web.1.upcoming-d2', to: 'shop.web.1' },
    ]);
  });
  it('after a rollback the old deploy takes the names back', () => {
    const list = [c('old', 'shop.web.1.d1', 'd1'), c('new', 'shop.web.1', 'd2')];
    expect(planRenames('shop', list, 'd1')).toEqual([
      { id: 'new', from: 'shop.web.1', to: 'shop.web.1.d2' },
      { id: 'old', from: 'shop.web.1.d1', to: 'shop.web.1' },
    ]);
  });
  it('is empty once settled, and when nothing is live', () => {
    const list = [c('old', 'shop.web.1.d1', 'd1'), c('new', 'shop.web.1', 'd2'), c('w', 'shop.web.2', 'd2', 'web.2')];
    expect(planRenames('shop', list, 'd2')).toEqual([]);
    expect(planRenames('shop', [c('x', 'shop.web.1.upcoming-d1', 'd1')], undefined)).toEqual([]);
  });
  it('a retiring container no live one replaces (scaled down) gives its name up too', () => {
    const list = [
      c('a', 'shop.web.1', 'd1'),
      c('b', 'shop.web.2', 'd1', 'web.2'),
      c('n', 'shop.web.1.upcoming-d2', 'd2'),
    ];
    expect(planRenames('shop', list, 'd2')).toEqual([
      { id: 'a', from: 'shop.web.1', to: 'shop.web.1.d1' },
      { id: 'b', from: 'shop.web.2', to: 'shop.web.2.d1' },
      { id: 'n', from: 'shop.web.1.upcoming-d2', to: 'shop.web.1' },
    ]);
  });
  it('a holder without a dyno is moved to a name made from its id', () => {
    const list = [
      { id: '0123456789abcdef', name: 'shop.web.1', deploy: '', process: 'web', index: 0 },
      c('n', 'x', 'd2'),
    ];
    expect(planRenames('shop', list, 'd2')[0]).toEqual({
      id: '0123456789abcdef',
      from: 'shop.web.1',
      to: 'shop.web.1.0123456789ab',
    });
  });
});

describe('dynoOf', () => {
  it('reads the paas.dyno label, else the name of containers from before the label', () => {
    expect(dynoOf({ 'paas.dyno': 'worker.2' }, 'shop.worker.2.upcoming-d2', 'shop')).toBe('worker.2');
    expect(dynoOf({}, 'shop.web.1.lx2abc', 'shop')).toBe('web.1');
    expect(dynoOf({}, 'shop.run.ab12cd', 'shop')).toBe('');
    expect(dynoOf({}, 'other.web.1', 'shop')).toBe('');
  });
});
