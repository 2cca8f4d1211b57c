/** Unit and integration tests; TypeScript via swc (decorators + metadata for type-graphql). */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // hyparquet(-writer) ship ES modules only: Node 20.19+ requires them as they are, jest needs them compiled.
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    '/node_modules/hyparquet(-writer)?/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!hyparquet(-writer)?/)'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 20000,
};
