import {
  BindingInfo_DataType,
  BindingInfo_Direction,
  RpcHttpCookie_SameSite,
  RpcLog_Level,
  RpcLog_RpcLogCategory,
  RpcRetryOptions_RetryStrategy,
  StatusResult_Status,
} from '@functions-rpc/protocol';
import { WorkerRangeError } from '../errors.js';
import type {
  CoreBindingDataType,
  CoreBindingDirection,
  CoreLogCategory,
  CoreLogLevel,
  CoreRetryStrategy,
  CoreSameSite,
  CoreStatus,
} from './types.js';

/**
 * A two-way mapping between the core API's enum strings and the protobuf enum numbers. Unknown strings
 * throw a RangeError flagged as a worker error, as the contract asks.
 */
export class EnumMapping<S extends string, N extends number> {
  readonly #toNumber: ReadonlyMap<string, N>;
  readonly #toString: ReadonlyMap<number, S>;

  constructor(
    readonly enumName: string,
    pairs: Readonly<Record<S, N>>,
  ) {
    const entries = Object.entries(pairs) as [S, N][];
    this.#toNumber = new Map(entries);
    this.#toString = new Map(entries.map(([name, value]) => [value, name]));
  }

  /** The protobuf number of a core string; undefined and null give the enum's default (0). */
  toProto(value: S | null | undefined): N {
    if (value === undefined || value === null) return 0 as N;
    const number = this.#toNumber.get(value);
    if (number === undefined) throw new WorkerRangeError(`Unrecognized ${this.enumName} '${String(value)}'`);
    return number;
  }

  /** The core string of a protobuf number. */
  toCore(value: N): S {
    const name = this.#toString.get(value);
    if (name === undefined) throw new WorkerRangeError(`Unrecognized ${this.enumName} ${value}`);
    return name;
  }
}

/** RpcLog.Level. */
export const logLevels = new EnumMapping<CoreLogLevel, RpcLog_Level>('log level', {
  trace: RpcLog_Level.Trace,
  debug: RpcLog_Level.Debug,
  information: RpcLog_Level.Information,
  warning: RpcLog_Level.Warning,
  error: RpcLog_Level.Error,
  critical: RpcLog_Level.Critical,
  none: RpcLog_Level.None,
});

/** RpcLog.RpcLogCategory. */
export const logCategories = new EnumMapping<CoreLogCategory, RpcLog_RpcLogCategory>('log category', {
  user: RpcLog_RpcLogCategory.User,
  system: RpcLog_RpcLogCategory.System,
  customMetric: RpcLog_RpcLogCategory.CustomMetric,
});

/** StatusResult.Status. */
export const statuses = new EnumMapping<CoreStatus, StatusResult_Status>('status', {
  failure: StatusResult_Status.Failure,
  success: StatusResult_Status.Success,
  cancelled: StatusResult_Status.Cancelled,
});

/** BindingInfo.Direction. */
export const bindingDirections = new EnumMapping<CoreBindingDirection, BindingInfo_Direction>(
  'binding direction',
  { in: BindingInfo_Direction.in, out: BindingInfo_Direction.out, inout: BindingInfo_Direction.inout },
);

/** BindingInfo.DataType. */
export const bindingDataTypes = new EnumMapping<CoreBindingDataType, BindingInfo_DataType>(
  'binding data type',
  {
    undefined: BindingInfo_DataType.undefined,
    string: BindingInfo_DataType.string,
    binary: BindingInfo_DataType.binary,
    stream: BindingInfo_DataType.stream,
  },
);

/** RpcRetryOptions.RetryStrategy. */
export const retryStrategies = new EnumMapping<CoreRetryStrategy, RpcRetryOptions_RetryStrategy>(
  'retry strategy',
  {
    exponentialBackoff: RpcRetryOptions_RetryStrategy.exponential_backoff,
    fixedDelay: RpcRetryOptions_RetryStrategy.fixed_delay,
  },
);

/** RpcHttpCookie.SameSite. */
export const sameSites = new EnumMapping<CoreSameSite, RpcHttpCookie_SameSite>('cookie SameSite', {
  none: RpcHttpCookie_SameSite.None,
  lax: RpcHttpCookie_SameSite.Lax,
  strict: RpcHttpCookie_SameSite.Strict,
  explicitNone: RpcHttpCookie_SameSite.ExplicitNone,
});
