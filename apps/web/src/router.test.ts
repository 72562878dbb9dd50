import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { parseRoute } from './router.js';

describe('parseRoute', () => {
  it('maps each hash to its page, and anything else to the map', () => {
    const id = 'ab'.repeat(32);
    expect(parseRoute(`#/findings/${id}`)).toEqual({ page: 'finding', id });
    expect(parseRoute('#/coalition')).toEqual({ page: 'coalition' });
    expect(parseRoute('#/log')).toEqual({ page: 'log' });
    expect(parseRoute('')).toEqual({ page: 'map' });
    expect(parseRoute('#/findings/not-an-id')).toEqual({ page: 'map' });
  });

  it('reads a place on the map, and ignores one off the map', () => {
    expect(parseRoute('#/@48.27086,-37.03224,15')).toEqual({
      page: 'map',
      at: { lat: 48.27086, lon: -37.03224, zoom: 15 },
    });
    expect(parseRoute('#/@91,37,15')).toEqual({ page: 'map' });
    expect(parseRoute('#/@48,37,19')).toEqual({ page: 'map' });
    expect(parseRoute('#/@48,37')).toEqual({ page: 'map' });
  });
});

describe('readConfig', () => {
  it('uses the serving origin unless ?api= names an http(s) server', () => {
    expect(readConfig({ search: '' }).apiBase).toBe('');
    expect(readConfig({ search: '?api=http://127.0.0.1:8080/' }).apiBase).toBe(
      'http://127.0.0.1:8080'
    );
    expect(readConfig({ search: '?api=javascript:alert(1)' }).apiBase).toBe('');
  });

  it.each([
    ['', 10_000],
    ['?pageSize=3', 3],
    ['?pageSize=10000', 10_000],
    ['?pageSize=0', 10_000],
    ['?pageSize=10001', 10_000],
    ['?pageSize=2.5', 10_000],
    ['?pageSize=x', 10_000],
  ])('asks for findings in pages of %s -> %i', (search, size) => {
    expect(readConfig({ search }).findingsLimit).toBe(size);
  });
});
