/**
 * The running stack's state file (<data>/stack.json): the daemon's pid, its parts and their pids, and
 * any part that died. `status` and `stop` read it; only the daemon writes it.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from './config.ts';

export type PartName = 'postgres' | 'postgrest' | 'auth' | 'functions' | 'gateway' | 'inbox' | 'scheduler';

export interface PartState {
  status: 'starting' | 'running' | 'exited' | 'restarting' | 'external';
  pid?: number;
  /** set when the part died: when and how */
  exitedAt?: string;
  exitCode?: number | null;
  signal?: string | null;
  restarts?: number;
  log?: string;
}

export interface StackState {
  pid: number;
  status: 'starting' | 'running' | 'stopping' | 'failed';
  startedAt: string;
  error?: string;
  parts: Partial<Record<PartName, PartState>>;
  /** pids of Deno workers, so `stop` can end them if the daemon could not */
  workerPids?: number[];
}

export const stateFile = (config: StackConfig) => join(config.dataDir, 'stack.json');
export const logDir = (config: StackConfig) => join(config.dataDir, 'logs');
export const logFile = (config: StackConfig, part: string) => join(logDir(config), `${part}.log`);

export function readState(config: StackConfig): StackState | undefined {
  const file = stateFile(config);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

export function writeState(config: StackConfig, state: StackState): void {
  mkdirSync(config.dataDir, { recursive: true });
  const file = stateFile(config);
  // Write then rename, so a reader never sees half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function removeState(config: StackConfig): void {
  rmSync(stateFile(config), { force: true });
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process that has exited but not yet been reaped (a zombie) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * One daemon per data folder: it holds <data>/stack.lock (its pid) from its first step to its last.
 * A lock whose pid is gone is stale and taken over.
 */
export const lockFile = (config: StackConfig) => join(config.dataDir, 'stack.lock');

/** The pid of the live daemon holding the data folder, if any. */
export function lockHolder(config: StackConfig): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile(config), 'utf8').trim());
    return isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireLock(config: StackConfig): void {
  mkdirSync(config.dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile(config), 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(config);
      if (holder && holder !== process.pid) {
        throw new Error(`Another stack (pid ${holder}) is already using ${config.dataDir}.`);
      }
      rmSync(lockFile(config), { force: true });
    }
  }
  throw new Error(`Could not lock ${config.dataDir}.`);
}

export function releaseLock(config: StackConfig): void {
  if (lockHolder(config) === process.pid) rmSync(lockFile(config), { force: true });
}
