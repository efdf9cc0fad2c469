const { projectConfig } = require('../jest.preset.js');

module.exports = projectConfig('workflows', __dirname);
