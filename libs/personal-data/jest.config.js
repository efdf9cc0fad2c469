const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('personal-data', __dirname);
