# The gateway as `npm start` runs it, built once: `docker build -t unduit-gateway .`
# Multi-stage: the build stage compiles; the runtime stage has production dependencies only and runs as
# the unprivileged `node` user. NODE_ENV=production: UNDUIT_BASE_URL is required (the simulator never
# starts by itself here), /metrics stays off the API port unless METRICS_PORT or GATEWAY_PUBLIC_METRICS.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The export datasets are GraphQL documents read at start-up (GET /export/...).
COPY schema/operations/exports ./schema/operations/exports
# The shipped operations' names, which metrics always count by name.
COPY schema/generated/persisted-documents.json ./schema/generated/persisted-documents.json
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
