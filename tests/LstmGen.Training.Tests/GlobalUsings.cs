// The namespaces nearly every test file uses, once for the project.
global using System;
global using System.Collections.Generic;
global using System.Linq;
global using Xunit;
global using Xunit.Abstractions;
