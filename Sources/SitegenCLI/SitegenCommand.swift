import SitegenKit
