/**
 * One updating line on a terminal (stderr, so stdout stays the twin's own output); on anything
 * else (a log file, CI) a plain line every 10%, since carriage returns would pile up there.
 */
export type ProgressBar = { update: (done: number, total: number) => void; finish: (message: string) => void };

const width = 24;
const count = (n: number) => n.toLocaleString('en-US');

export const createProgressBar = (label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar => {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastStep = -1;
  return {
    update(done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const percent = Math.floor(fraction * 100);
      const text = `${label} ${percent}% (${count(done)}/${count(total)} ${unit})`;
      if (!tty) {
        const step = Math.floor(percent / 10);
        if (step > lastStep) stream.write(`${text}\n`);
        lastStep = Math.max(lastStep, step);
        return;
      }
      // Redrawing more than ~10 times a second costs time and shows nothing more.
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const filled = Math.round(fraction * width);
      stream.write(`\r${label} ▕${'█'.repeat(filled)}${'░'.repeat(width - filled)}▏ ${percent}% (${count(done)}/${count(total)} ${unit})\x1b[K`);
    },
    finish(message) {
      stream.write(tty ? `\r\x1b[K${message}\n` : `${message}\n`);
    },
  };
};
