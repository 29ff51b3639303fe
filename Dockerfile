# Thrice: build with the dev toolchain, run the compiled app with production dependencies only.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY db ./db
RUN npm run build

FROM node:22-bookworm-slim AS production
ENV NODE_ENV=production DATA_DIR=/app/data PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
# The embedded database (DATA_DIR) lives in a volume, not in the container's layer: mount a named
# one (-v thrice-data:/app/data) to keep it when the container is re-created. Unused with DATABASE_URL.
VOLUME /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
# Thrice stops gracefully on SIGTERM within 10 s; give it that long before SIGKILL.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
