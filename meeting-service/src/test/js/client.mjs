// Drives meeting-service with the unmodified AWS SDK for JavaScript v3: endpoint and static
// credentials are the only changes. Prints one JSON line with what came back.
import {
  ChimeSDKMeetingsClient, CreateMeetingCommand, CreateAttendeeCommand, GetMeetingCommand,
  ListAttendeesCommand, DeleteMeetingCommand,
} from '@aws-sdk/client-chime-sdk-meetings';

const [endpoint, accessKeyId, secretAccessKey] = process.argv.slice(2);
const chime = new ChimeSDKMeetingsClient({
  endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1,
});

const result = {};
try {
  const created = await chime.send(new CreateMeetingCommand({
    ClientRequestToken: `js-${Date.now()}`, MediaRegion: 'us-east-1', ExternalMeetingId: 'from-js',
  }));
  const meetingId = created.Meeting.MeetingId;
  result.signalingUrl = created.Meeting.MediaPlacement.SignalingUrl;
  const attendee = await chime.send(new CreateAttendeeCommand({ MeetingId: meetingId, ExternalUserId: 'js-user' }));
  result.joinTokenLength = attendee.Attendee.JoinToken.length;
  result.externalMeetingId = (await chime.send(new GetMeetingCommand({ MeetingId: meetingId }))).Meeting.ExternalMeetingId;
  result.attendees = (await chime.send(new ListAttendeesCommand({ MeetingId: meetingId }))).Attendees.length;
  await chime.send(new DeleteMeetingCommand({ MeetingId: meetingId }));
  try {
    await chime.send(new GetMeetingCommand({ MeetingId: meetingId }));
  } catch (error) {
    result.afterDelete = error.name;
    result.afterDeleteStatus = error.$metadata?.httpStatusCode;
  }
  try {
    await chime.send(new CreateMeetingCommand({ ClientRequestToken: 'bad token!', MediaRegion: 'us-east-1', ExternalMeetingId: 'x1' }));
  } catch (error) {
    result.badRequest = error.name;
  }
} catch (error) {
  result.error = `${error.name}: ${error.message}`;
}
console.log(JSON.stringify(result));
