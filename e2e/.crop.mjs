import { chromium } from "@playwright/test";
const [file, width, ...cuts] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage({ viewport: { width: Number(width), height: 800 } });
await page.setContent(`<body style="margin:0"><img id=i style="display:block"></body>`);
const data = (await import("node:fs")).readFileSync(file).toString("base64");
await page.evaluate((d) => new Promise((r) => { const i = document.getElementById("i"); i.onload = r; i.src = "data:image/png;base64," + d; }), data);
for (let k = 0; k < cuts.length; k += 2) {
  const y = Number(cuts[k]), h = Number(cuts[k + 1]);
  await page.screenshot({ path: `/tmp/crop-${k / 2}.png`, clip: { x: 0, y, width: Number(width), height: h }, fullPage: true });
}
await browser.close();
