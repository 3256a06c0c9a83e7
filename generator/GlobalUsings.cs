// The namespaces most generator files use.
global using System;
global using System.Collections.Generic;
global using System.Globalization;
global using System.Linq;
global using System.Threading;
global using LstmGen.GeneratedCodeSupport;
global using Microsoft.CodeAnalysis;
