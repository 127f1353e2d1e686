/** Checks of the arguments of the lifecycle's commands; a bad one throws `TransitionError` 'invalid_argument'. */
import type { HandlingMode, Satisfaction } from './states.js';
import { TransitionError } from './transition-error.js';

export function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TransitionError('invalid_argument', `${field} must be a non-empty text`, field);
  }
  return value;
}

export function coordinate(value: unknown, field: 'lng' | 'lat'): number {
  const limit = field === 'lng' ? 180 : 90;
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw new TransitionError('invalid_argument', `${field} must be a number in [-${limit}, ${limit}]`, field);
  }
  return value;
}

export const MODES: readonly HandlingMode[] = ['grid', 'joint', 'department'];
export const RESULTS: readonly Satisfaction[] = ['satisfied', 'basic', 'unsatisfied'];

export function assistsOf(mode: HandlingMode, assists: unknown): string[] {
  if (assists === undefined) assists = [];
  if (!Array.isArray(assists)) throw new TransitionError('invalid_argument', 'assists must be a list of units', 'assists');
  const units = assists.map((u: unknown) => text(u, 'assists'));
  if (new Set(units).size !== units.length) {
    throw new TransitionError('invalid_argument', 'assisting units must be distinct', 'assists');
  }
  if (mode === 'joint' && units.length === 0) {
    throw new TransitionError('invalid_argument', 'a joint case needs at least one assisting unit', 'assists');
  }
  if (mode !== 'joint' && units.length > 0) {
    throw new TransitionError('invalid_argument', `a ${mode} case has no assisting units`, 'assists');
  }
  return units;
}
