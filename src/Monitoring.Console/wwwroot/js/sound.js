// Optional alarm sound: a short two-tone beep made with WebAudio (no audio files). Off until the user turns it on,
// which is also the user gesture browsers require before a page may play sound.
const Storage = 'monitoring.sound';
let context = null;

export function soundOn() {
  return localStorage.getItem(Storage) === 'on';
}

export function setSound(on) {
  localStorage.setItem(Storage, on ? 'on' : 'off');
  if (on) {
    ensureContext();
  }
}

function ensureContext() {
  const Audio = window.AudioContext || window.webkitAudioContext;
  if (!Audio) {
    return null;
  }
  context ??= new Audio();
  if (context.state === 'suspended') {
    context.resume().catch(() => {});
  }
  return context;
}

/** Plays the urgent-alert beep when the sound is on; returns whether it tried to. */
export function beep() {
  if (!soundOn()) {
    return false;
  }
  const audio = ensureContext();
  if (!audio) {
    return false;
  }
  const start = audio.currentTime + 0.01;
  for (const [offset, frequency] of [[0, 880], [0.22, 660], [0.44, 880]]) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.2);
  }
  window.dispatchEvent(new CustomEvent('monitoring:beep'));
  return true;
}
