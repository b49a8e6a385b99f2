/**
 * The fake AWS endpoint: one HTTP server on 127.0.0.1 that the REAL SDK v3 clients reach through
 * `endpoint` or AWS_ENDPOINT_URL. It routes each request to a service module, applies latency and
 * faults, counts calls and in-flight concurrency, and serves an admin API under /__fake/.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import { readAuthorization, type AuthHeader } from './auth';
import { systemClock, type Clock } from './clock';
import { autoScalingForEcs, type FakeAutoScaling } from './autoscaling/fakeAutoScaling';
import { autoScalingModule } from './autoscaling/module';
import { FakeCloudWatch } from './cloudwatch/fakeCloudWatch';
import { recordEcsCall } from './cloudtrail/ecsEvents';
import { FakeCloudTrail } from './cloudtrail/fakeCloudTrail';
import { cloudTrailModule } from './cloudtrail/module';
import { FakeCodeDeploy } from './codedeploy/fakeCodeDeploy';
import { codeDeployModule } from './codedeploy/module';
import { cloudWatchModule } from './cloudwatch/module';
import { FakeEcr } from './ecr/fakeEcr';
import { ecrModule } from './ecr/module';
import { FakeEcs } from './ecs/fakeEcs';
import { ecsModule } from './ecs/module';
import { FakeEc2 } from './ec2/fakeEc2';
import { ec2Module } from './ec2/module';
import { FakeSsmSessions } from './ssm/sessions';
import {
  newPortAgentSettings,
  resetPortAgentSettings,
  type PortAgentSettings,
  portHandlerFactory,
  sessionAgentOf,
} from './ssmAgent/port/portSessionFactory';
import { FakeSecretsManager } from './secretsmanager/fakeSecretsManager';
import { secretsManagerModule } from './secretsmanager/module';
import { FakeSsmParameters } from './ssm/parameters';
import { ssmModule } from './ssm/module';
import { FakeElb } from './elb/fakeElb';
import { elbModule } from './elb/module';
import { AwsError, errorFrom, type StandardError } from './errors';
import { escapeXml } from './protocols/xml';
import { Faults, type FaultHit } from './faults';
import { StreamingReply } from './logs/eventStream';
import { FakeLogs } from './logs/fakeLogs';
import { logsModule } from './logs/module';
import { awslogsStartFailure } from './awslogsStart';
import { FakeIam, iamModule } from './iam';
import { FakeKms } from './kms/fakeKms';
import { kmsModule } from './kms/module';
import { executeCommandHandler } from './ssmAgent/executeCommand';
import { FakeSsmAgent } from './ssmAgent/fakeSsmAgent';
import { Router } from './router';
import type { CallContext, HttpReply, ServiceModule } from './services';
import { CallStats } from './stats';
import { FakeSts, stsModule } from './sts';

export interface FakeAwsOptions {
  /** Latency applied to every call (default 0). */
  latencyMs?: number;
  region?: string;
  accountId?: string;
  clock?: Clock;
  /** Port to listen on (default: a random free port). */
  port?: number;
  /** Time between task lifecycle steps (default 1000; 0 = immediate). */
  lifecycleStepMs?: number;
  /** Tasks whose awslogs group is missing stop with a ResourceInitializationError (awslogsStart.ts). */
  enforceAwslogs?: boolean;
}

export class FakeAws {
  readonly url: string;
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly ecs: FakeEcs;
  readonly iam: FakeIam;
  /** The role sessions AssumeRole handed out (roles and trust come from `iam`). */
  readonly sts = new FakeSts();
  readonly logs: FakeLogs;
  /** ECR's control plane; its tokens carry the test registry's password (DOCKER_TEST_REGISTRY*). */
  readonly ecr: FakeEcr;
  readonly autoScaling: FakeAutoScaling;
  /** CloudWatch metrics (GetMetricData over generated series). */
  readonly cloudwatch: FakeCloudWatch;
  /** Elastic Load Balancing v2: load balancers and target groups (DescribeTargetGroups). */
  readonly elb: FakeElb;
  /** EC2 networking: the default VPC, subnets and security groups (DescribeVpcs/Subnets/SecurityGroups). */
  readonly ec2: FakeEc2;
  /** CodeDeploy for ECS blue/green (CODE_DEPLOY services): applications, deployment groups, deployments. */
  readonly codeDeploy: FakeCodeDeploy;
  /** CloudTrail's event history: ECS deployment calls recorded with their caller; LookupEvents. */
  readonly cloudTrail: FakeCloudTrail;
  /** Systems Manager: Session Manager sessions (StartSession/TerminateSession) handed to the fake agent,
   * and Parameter Store (GetParameter, GetParameters). */
  readonly ssm: {
    readonly sessions: FakeSsmSessions;
    readonly port: PortAgentSettings;
    readonly parameters: FakeSsmParameters;
  };
  /** KMS keys and data keys (GenerateDataKey, Decrypt) for encrypted exec sessions. */
  readonly kms: FakeKms;
  /** The SSM agent behind ExecuteCommand: WebSocket data channels on this server (ssmAgent/). */
  readonly ssmAgent: FakeSsmAgent;
  /** Secrets Manager: secrets with versions and staging labels (GetSecretValue). */
  readonly secretsManager: FakeSecretsManager;
  readonly stats = new CallStats();
  readonly faults: Faults;
  /** Called after each API call that succeeded (the CLI saves the state when it changed). */
  onCall: ((service: string, operation: string) => void) | undefined;
  private readonly router = new Router();
  private readonly initialLifecycleStepMs: number;
  private readonly initialEnforceAwslogs: boolean;

  private constructor(
    private readonly server: Server,
    port: number,
    options: FakeAwsOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.clock = options.clock ?? systemClock;
    this.faults = new Faults(options.latencyMs ?? 0);
    this.ecs = new FakeEcs({ clock: this.clock, region: this.region, accountId: this.accountId });
    this.initialLifecycleStepMs = options.lifecycleStepMs ?? this.ecs.lifecycleStepMs;
    this.ecs.lifecycleStepMs = this.initialLifecycleStepMs;
    this.iam = new FakeIam(this.accountId, this.clock);
    this.kms = new FakeKms(this.region, this.accountId);
    this.ssmAgent = new FakeSsmAgent(this.kms);
    this.ssmAgent.attach(server, this.url);
    this.addService(ecsModule(this.ecs, { ExecuteCommand: executeCommandHandler(this.iam, this.ssmAgent) }));
    this.addService(stsModule(this.iam, this.sts, this.clock));
    this.addService(iamModule(this.iam));
    this.addService(kmsModule(this.kms));
    this.logs = new FakeLogs(this.clock, this.region, this.accountId);
    this.addService(logsModule(this.logs));
    this.ecr = new FakeEcr({ clock: this.clock, region: this.region, accountId: this.accountId });
    this.addService(ecrModule(this.ecr));
    this.autoScaling = autoScalingForEcs(this.ecs, {
      clock: this.clock,
      region: this.region,
      accountId: this.accountId,
    });
    this.addService(autoScalingModule(this.autoScaling));
    this.cloudwatch = new FakeCloudWatch(this.clock, this.ecs);
    this.addService(cloudWatchModule(this.cloudwatch));
    this.elb = new FakeElb({ region: this.region, accountId: this.accountId });
    this.addService(elbModule(this.elb));
    this.ec2 = new FakeEc2(this.region, this.accountId);
    this.addService(ec2Module(this.ec2));
    this.codeDeploy = new FakeCodeDeploy(this.ecs, this.clock);
    this.addService(codeDeployModule(this.codeDeploy));
    this.cloudTrail = new FakeCloudTrail(this.clock, this.region, this.accountId);
    this.addService(cloudTrailModule(this.cloudTrail));
    this.ssm = {
      sessions: new FakeSsmSessions(this.ecs),
      port: newPortAgentSettings(),
      parameters: new FakeSsmParameters(this.region, this.accountId, this.clock),
    };
    this.ssm.sessions.agent = sessionAgentOf(this.ssmAgent, this.ssm.port);
    this.ssmAgent.handlers.set('Port', portHandlerFactory(this.ssm.port));
    this.secretsManager = new FakeSecretsManager(this.region, this.accountId, this.clock);
    this.addService(secretsManagerModule(this.secretsManager));
    this.addService(ssmModule(this.ssm));
    this.initialEnforceAwslogs = options.enforceAwslogs ?? false;
    this.enforceAwslogs = this.initialEnforceAwslogs;
  }

  /** Whether a task start checks its awslogs log group as Fargate does (awslogsStart.ts). Off by default. */
  get enforceAwslogs(): boolean {
    return this.ecs.startCheck !== undefined;
  }

  set enforceAwslogs(on: boolean) {
    this.ecs.startCheck = on
      ? (task) =>
          awslogsStartFailure(
            task,
            this.ecs.taskDefinitions.resolve(task.taskDefinitionArn)?.input,
            this.logs,
            this.iam,
          )
      : undefined;
  }

  static async start(options: FakeAwsOptions = {}): Promise<FakeAws> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const fake = new FakeAws(server, (server.address() as AddressInfo).port, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.onRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    return fake;
  }

  /** Adds a service module (ECR, CloudWatch Logs, EC2, IAM…) to the router. */
  addService(module: ServiceModule): void {
    this.router.add(module);
  }

  /** Clears every service's state, the stats and the faults; settings return to their start values. */
  reset(): void {
    this.ecs.reset();
    this.iam.reset();
    this.sts.reset();
    this.ecs.lifecycleStepMs = this.initialLifecycleStepMs;
    this.enforceAwslogs = this.initialEnforceAwslogs;
    this.logs.reset();
    this.ecr.reset();
    this.autoScaling.reset();
    this.cloudwatch.reset();
    this.elb.reset();
    this.ec2.reset();
    this.codeDeploy.reset();
    this.cloudTrail.reset();
    this.ssm.sessions.reset();
    resetPortAgentSettings(this.ssm.port);
    this.kms.reset();
    this.ssmAgent.reset();
    this.secretsManager.reset();
    this.ssm.parameters.reset();
    this.stats.reset();
    this.faults.clear();
  }

  async close(): Promise<void> {
    await this.ssmAgent.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/__fake/')) {
      write(res, handleAdmin(this, req.method ?? 'GET', url, body));
      return;
    }
    const auth = readAuthorization(req.headers.authorization);
    const scopeService = auth.kind === 'signed' ? auth.scope.service : undefined;
    const routed = this.router.route(req.headers, body, scopeService);
    if (routed.kind === 'unknown') {
      const end = this.stats.begin('unknown', routed.name);
      await delay(this.faults.latencyFor('unknown', routed.name));
      end();
      write(res, unroutable(routed.protocol, routed.name));
      return;
    }
    const { module, operation } = routed.route;
    const ctx: CallContext = {
      service: module.signingName,
      operation,
      accessKeyId: auth.kind === 'signed' ? auth.scope.accessKeyId : undefined,
      region: this.region,
      accountId: this.accountId,
      requestId: randomUUID(),
      ...(typeof req.headers['user-agent'] === 'string' ? { userAgent: req.headers['user-agent'] } : {}),
    };
    const end = this.stats.begin(ctx.service, operation);
    let reply: HttpReply;
    try {
      await delay(this.faults.latencyFor(ctx.service, operation));
      await this.faults.released(ctx.service, operation);
      const result = await this.invoke(module, ctx, body, auth);
      if (result instanceof StreamingReply) {
        // An event stream (StartLiveTail): the call ends when the stream does.
        result.start(res, ctx.requestId, end);
        return;
      }
      reply = module.protocol.reply(result, ctx);
      this.onCall?.(ctx.service, operation);
    } catch (err) {
      reply = module.protocol.error(this.asAwsError(module, err), ctx);
    }
    end();
    write(res, reply);
  }

  private async invoke(
    module: ServiceModule,
    ctx: CallContext,
    body: string,
    auth: AuthHeader,
  ): Promise<unknown> {
    if (auth.kind === 'missing') throw this.standardError(module, 'missingAuth');
    if (auth.kind === 'malformed') {
      const code = module.protocol.kind === 'json' ? 'IncompleteSignatureException' : 'IncompleteSignature';
      throw new AwsError(
        code,
        'Authorization header requires a Credential, SignedHeaders and Signature.',
        403,
      );
    }
    const input = module.protocol.parse(body);
    const hit = this.faults.check(ctx.service, ctx.operation, ctx.accessKeyId);
    if (hit) throw this.faultError(module, ctx, input, hit);
    const result = await module.handle(ctx.operation, input, ctx);
    recordEcsCall(this.cloudTrail, ctx, input, result);
    return result;
  }

  private faultError(module: ServiceModule, ctx: CallContext, input: unknown, hit: FaultHit): AwsError {
    const kind = hit.kind === 'injected' ? hit.fault : hit.kind;
    if (typeof kind === 'object') return new AwsError(kind.type, kind.message, kind.status);
    if (kind !== 'accessDenied') return this.standardError(module, kind);
    const action = `${ctx.service}:${ctx.operation}`;
    const resource = module.resourceFor?.(ctx.operation, input, ctx) ?? '*';
    return this.standardError(
      module,
      'accessDenied',
      `User: arn:aws:iam::${this.accountId}:user/test is not authorized to perform: ${action} on resource: ` +
        `${resource} because no identity-based policy allows the ${action} action`,
    );
  }

  private standardError(module: ServiceModule, kind: StandardError, message?: string): AwsError {
    return errorFrom(module.errors?.[kind] ?? module.protocol.standardErrors[kind], message);
  }

  private asAwsError(module: ServiceModule, err: unknown): AwsError {
    if (err instanceof AwsError) return err;
    const detail = err instanceof Error ? err.message : String(err);
    return this.standardError(module, 'serverError', `Fake AWS handler failed: ${detail}`);
  }
}

function unroutable(protocol: 'json' | 'query', name: string): HttpReply {
  const headers = { 'x-amzn-requestid': randomUUID() };
  if (protocol === 'json') {
    return {
      status: 400,
      headers: {
        ...headers,
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': 'UnknownOperationException',
      },
      body: JSON.stringify({ __type: 'UnknownOperationException', message: `Unknown operation ${name}` }),
    };
  }
  return {
    status: 400,
    headers: { ...headers, 'content-type': 'text/xml' },
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation ${escapeXml(name)}</Message></Error></ErrorResponse>`,
  };
}

function write(res: ServerResponse, reply: HttpReply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
