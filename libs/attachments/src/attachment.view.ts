import { ApiProperty } from '@nestjs/swagger';

/** An attachment's metadata, as `POST /attachments` and `GET /attachments/:id` answer it. */
export class AttachmentView {
  @ApiProperty({ example: '17' }) id!: string;
  @ApiProperty({ description: 'the original file name, as uploaded', example: '公厕改造验收报告.pdf' }) name!: string;
  @ApiProperty({ description: 'bytes', example: 482133 }) size!: number;
  @ApiProperty({ description: 'judged from the bytes, not the name', example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ description: 'hex SHA-256 of the bytes', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the uploader’s unit (null for a user without one)' }) unitId!: string | null;
  @ApiProperty({ description: 'the uploading user' }) uploadedBy!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the task it is attached to' }) taskId!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when it was attached to a task or used as evidence; an upload never attached is removed after a day',
  })
  attachedAt!: string | null;
}
