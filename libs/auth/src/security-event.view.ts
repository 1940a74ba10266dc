import { ApiProperty } from '@nestjs/swagger';
import { SECURITY_EVENT_KINDS } from './security-event.store';

export class SecurityEventView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SECURITY_EVENT_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the user the event is about (null: a login for an unknown username)' }) userId!: string | null;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the admin who did it, when not the user' }) actorUserId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the client address (through TRUST_PROXY)' }) address!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what changed: roles before and after, the export’s path, the reason of a failure' })
  detail!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', description: 'wall-clock time' }) at!: string;
}

export class SecurityEventPageView {
  @ApiProperty({ type: [SecurityEventView] }) items!: SecurityEventView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next (older) page; null on the last' }) nextCursor!: string | null;
}
