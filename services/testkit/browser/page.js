// Browser side of the Carillon test participant.
//
// Bundled with esbuild (see package.json "build") and loaded by index.html, which
// participant.mjs serves from 127.0.0.1. It uses only the public API of
// amazon-chime-sdk-js and reports everything it sees through window.carillonEvent,
// a function that participant.mjs exposes with Playwright before the page loads.

import {
  ConsoleLogger,
  DefaultDeviceController,
  DefaultMeetingSession,
  LogLevel,
  MeetingSessionConfiguration,
  MeetingSessionStatusCode,
} from 'amazon-chime-sdk-js';

// Configuration fields a test may override through join options.config.
const CONFIG_OVERRIDES = [
  'attendeePresenceTimeoutMs',
  'connectionTimeoutMs',
  'reconnectTimeoutMs',
];

function emit(event) {
  const sink = window.carillonEvent;
  if (typeof sink !== 'function') {
    // Opened without participant.mjs (e.g. by hand): keep the event visible.
    console.log('[carillon]', JSON.stringify(event));
    return;
  }
  try {
    const result = sink(event);
    if (result && typeof result.catch === 'function') {
      // Rejects only when the page is closing; nothing useful to do then.
      result.catch(() => {});
    }
  } catch (e) {
    console.log('[carillon] could not report event', e);
  }
}

function errorMessage(e) {
  if (e instanceof Error) return e.message || String(e);
  return String(e);
}

function statusName(code) {
  const name = MeetingSessionStatusCode[code];
  return typeof name === 'string' ? name : `Unknown(${code})`;
}

// A ConsoleLogger that also forwards WARN and ERROR lines to Node.
class ForwardingLogger extends ConsoleLogger {
  warn(msg) {
    super.warn(msg);
    emit({ event: 'log', level: 'WARN', text: String(msg) });
  }

  error(msg) {
    super.error(msg);
    emit({ event: 'log', level: 'ERROR', text: String(msg) });
  }
}

function parseLogLevel(value) {
  if (value === undefined || value === null) return LogLevel.WARN;
  const level = LogLevel[String(value).toUpperCase()];
  return typeof level === 'number' ? level : LogLevel.WARN;
}

let session = null; // the DefaultMeetingSession between join and its stop

// The observer of one session. audioVideoDidStop is called only for a final stop
// (reconnects do not call it), so the session is released then and a new join is
// allowed.
function makeObserver(owner) {
  return {
    audioVideoDidStartConnecting(reconnecting) {
      emit({ event: 'connecting', reconnecting: !!reconnecting });
    },
    audioVideoDidStart() {
      emit({ event: 'started' });
    },
    audioVideoDidStop(sessionStatus) {
      const code = sessionStatus.statusCode();
      emit({ event: 'stopped', statusCode: code, status: statusName(code) });
      if (session === owner) {
        session = null;
        releaseAudioInput(owner);
      }
    },
  };
}

async function releaseAudioInput(owner) {
  try {
    await owner.audioVideo.stopAudioInput();
  } catch (e) {
    emit({ event: 'error', message: `stopAudioInput: ${errorMessage(e)}` });
  }
}

async function join(meeting, attendee, options) {
  if (session) {
    throw new Error('already joined: leave and wait for the stopped event');
  }
  const opts = options || {};
  const logger = new ForwardingLogger('carillon', parseLogLevel(opts.logLevel));
  const configuration = new MeetingSessionConfiguration(meeting, attendee);
  const overrides = opts.config || {};
  for (const key of CONFIG_OVERRIDES) {
    if (typeof overrides[key] === 'number') {
      configuration[key] = overrides[key];
    }
  }

  const deviceController = new DefaultDeviceController(logger);
  const current = new DefaultMeetingSession(configuration, logger, deviceController);
  session = current;
  const audioVideo = current.audioVideo;

  audioVideo.addObserver(makeObserver(current));

  const muteSubscribed = new Set();
  audioVideo.realtimeSubscribeToAttendeeIdPresence((attendeeId, present, externalUserId, dropped) => {
    emit({
      event: 'presence',
      attendeeId,
      present: !!present,
      externalUserId: externalUserId === undefined ? null : externalUserId,
      dropped: !!dropped,
    });
    // Opt-in: remote mute state and volumes, which the SDK reports through the volume indicator.
    if ((opts.muteEvents || opts.volumeEvents) && present && !muteSubscribed.has(attendeeId)) {
      muteSubscribed.add(attendeeId);
      audioVideo.realtimeSubscribeToVolumeIndicator(attendeeId, (id, volume, muted, signalStrength) => {
        if (opts.muteEvents && muted !== null && muted !== undefined) {
          emit({ event: 'mute', attendeeId: id, muted: !!muted });
        }
        if (opts.volumeEvents && volume !== null && volume !== undefined) {
          emit({ event: 'volume', attendeeId: id, volume, signalStrength: signalStrength ?? null });
        }
      });
    }
  });

  for (const topic of opts.topics || []) {
    audioVideo.realtimeSubscribeToReceiveDataMessage(topic, (message) => {
      let text;
      try {
        text = message.text();
      } catch (e) {
        text = null;
      }
      emit({
        event: 'data',
        topic: message.topic,
        text,
        senderAttendeeId: message.senderAttendeeId,
        senderExternalUserId: message.senderExternalUserId,
        timestampMs: message.timestampMs,
        throttled: !!message.throttled,
      });
    });
  }

  let inputs;
  try {
    // The fake capture device of Chromium (--use-fake-device-for-media-stream).
    inputs = await audioVideo.listAudioInputDevices();
    if (inputs.length === 0) {
      throw new Error('no audio input device');
    }
    await audioVideo.startAudioInput(inputs[0].deviceId);
    await audioVideo.bindAudioElement(document.getElementById('carillon-audio'));
  } catch (e) {
    if (session === current) session = null;
    await releaseAudioInput(current);
    throw e;
  }

  audioVideo.start();
  return { audioInput: inputs[0].label || inputs[0].deviceId };
}

function requireSession() {
  if (!session) {
    throw new Error('not joined');
  }
  return session.audioVideo;
}

function sendData(topic, text, lifetimeMs) {
  const audioVideo = requireSession();
  // The SDK reports invalid topics, sizes and lifetimes as a realtime fatal error
  // (which stops the session with RealtimeApiFailed) instead of throwing.
  audioVideo.realtimeSendDataMessage(topic, text, lifetimeMs || 0);
}

function mute() {
  requireSession().realtimeMuteLocalAudio();
}

function unmute() {
  return requireSession().realtimeUnmuteLocalAudio();
}

// stop() sends LEAVE; audioVideoDidStop follows (status Left) once the server
// answers LEAVE_ACK or closes the socket. While the session is still connecting the
// SDK defers the stop until the connection attempt ends (started, or failed after
// connectionTimeoutMs). The session is released only by audioVideoDidStop, so a new
// join is refused until the "stopped" event.
function leave() {
  if (session) {
    session.audioVideo.stop();
  }
}

// ---- what this participant hears: the remote audio bound to <audio id="carillon-audio">

let listening = null;

function audioAnalyser() {
  if (listening) return listening;
  const element = document.getElementById('carillon-audio');
  if (!element || !element.srcObject) throw new Error('no remote audio bound yet');
  const context = new AudioContext({ sampleRate: 48000 });
  const source = context.createMediaStreamSource(element.srcObject);
  const analyser = context.createAnalyser();
  analyser.fftSize = 8192; // 5.9 Hz bins at 48 kHz
  analyser.smoothingTimeConstant = 0;
  source.connect(analyser);
  listening = { context, analyser };
  return listening;
}

// Listens for `ms` and reports, for each frequency, the mean level (dBFS) of the
// strongest FFT bin within +-2 bins, and the median of all bins as the noise floor.
async function hear(frequencies, ms) {
  const { context, analyser } = audioAnalyser();
  await context.resume();
  const bins = new Float32Array(analyser.frequencyBinCount);
  const binHz = context.sampleRate / analyser.fftSize;
  const sums = frequencies.map(() => 0);
  const floors = [];
  let samples = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    analyser.getFloatFrequencyData(bins);
    frequencies.forEach((f, i) => {
      const k = Math.round(f / binHz);
      let peak = -200;
      for (let j = Math.max(0, k - 2); j <= Math.min(bins.length - 1, k + 2); j++) {
        if (Number.isFinite(bins[j])) peak = Math.max(peak, bins[j]);
      }
      sums[i] += peak;
    });
    const sorted = Array.from(bins).filter(Number.isFinite).sort((a, b) => a - b);
    floors.push(sorted.length ? sorted[Math.floor(sorted.length / 2)] : -200);
    samples++;
  }
  const levels = {};
  frequencies.forEach((f, i) => {
    levels[f] = samples ? sums[i] / samples : -200;
  });
  floors.sort((a, b) => a - b);
  return { levels, floor: floors.length ? floors[Math.floor(floors.length / 2)] : -200 };
}

window.addEventListener('error', (e) => {
  emit({ event: 'error', message: `page error: ${e.message}` });
});
window.addEventListener('unhandledrejection', (e) => {
  emit({ event: 'error', message: `unhandled rejection: ${errorMessage(e.reason)}` });
});

window.carillon = { join, sendData, mute, unmute, leave, hear };
